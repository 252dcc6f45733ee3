"""Browser helpers that fill an empty platform through the coordinator's own
screens (never the admin): organisations and their people in the
directory, a committee and its members. The seeds rebuilds start from
there (issue 14, "Done when")."""

from playwright.sync_api import expect

from tests.pickers import choose_organisation


def count_page_loads(page) -> list[str]:
    """The addresses of the page's loads from now on (htmx requests are not
    page loads); the list grows as the page navigates."""
    loads = []
    page.on(
        "framenavigated",
        lambda frame: loads.append(frame.url) if frame == page.main_frame else None,
    )
    return loads


def _open(page, summary: str):
    """The form in the ``<details>`` whose summary reads ``summary``, opened."""
    details = page.locator("details").filter(
        has=page.locator("summary", has_text=summary)
    )
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def add_organisation(page, live_server, name: str, people=()) -> None:
    """The directory's "new organisation" form, then each of ``people``
    (first and last name) added on the organisation's page."""
    page.goto(f"{live_server.url}/annuaire/nouvelle/")
    page.locator("#id_name").fill(name)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    for first, last in people:
        form = _open(page, "Ajouter une personne")
        form.get_by_label("Prénom").fill(first)
        form.locator("[name=last_name]").fill(last)
        form.get_by_role("button", name="Ajouter la personne").click()
        expect(
            page.get_by_role("link", name=f"{first} {last}", exact=True)
        ).to_be_visible()


def add_committee(page, live_server, title: str, organiser: str, members=()) -> None:
    """The "new committee" form, then each of ``members`` (a person's name
    as the directory shows it) added on the committee's page; each member
    sits for their only organisation."""
    page.goto(f"{live_server.url}/comites/nouveau/")
    page.get_by_label("Nom du comité").fill(title)
    choose_organisation(page, "id_organiser", organiser)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    for name in members:
        form = _open(page, "Ajouter un membre")
        form.get_by_label("Personne").select_option(label=name)
        form.get_by_role("button", name="Ajouter le membre").click()
        expect(
            page.locator("#membres + ul").get_by_role("link", name=name, exact=True)
        ).to_be_visible()
    expect(page.locator("#membres + ul > li")).to_have_count(len(members) or 1)

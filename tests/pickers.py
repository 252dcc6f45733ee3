"""Browser helpers for the directory's organisation picker, which searches as
you type (partners/widgets.py): every form that picks an organisation has it."""

from playwright.sync_api import expect


def choose_organisation(page, select_id: str, name: str) -> None:
    """Type ``name`` in the picker of the ``select_id`` field and take the
    matching result; the hidden select then holds it."""
    page.locator(f"#{select_id}-search").fill(name)
    page.locator(f"#{select_id}-results [data-org-choice]", has_text=name).click()
    expect(page.locator(f"#{select_id} option:checked")).to_have_text(name)

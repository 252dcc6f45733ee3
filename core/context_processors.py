from .navigation import sections_for


def current_section(path: str, sections) -> str:
    """The key of the one section ``path`` belongs to: the longest section
    address it starts with, else (a page outside its section's address, such
    as /evaluations/sections/…) one sharing its first characters. Two
    sections under /espace/ are never both current."""
    matches = [s for s in sections if path.startswith(s.url)]
    if not matches:
        matches = [s for s in sections if path[:4] == s.url[:4]]
    return max(matches, key=lambda s: len(s.url)).key if matches else ""


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_sections": []}
    sections = sections_for(user)
    return {
        "nav_sections": sections,
        "nav_current": current_section(request.path, sections),
    }

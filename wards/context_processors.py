from wards.access import access_for


def roles(request):
    """Expose the signed-in user's access to templates for role-based navigation."""
    return {"portal_access": access_for(getattr(request, "user", None))}

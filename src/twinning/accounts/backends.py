from allauth.account.auth_backends import AuthenticationBackend


class EmailBackend(AuthenticationBackend):
    """Signs people in by email address (allauth's backend).

    Network rights come from `twinning/permissions.py` (rules), so Django's
    per-model permission tables are not consulted: asking them would cost two
    queries on every page that checks a right. Superusers still pass every
    check (Django's `User.has_perm` answers for them before any backend).
    """

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

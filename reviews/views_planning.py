"""Being written: every function here is replaced by its real view before this lands."""


def details(request, *args, **kwargs):
    raise NotImplementedError


def invitees(request, *args, **kwargs):
    raise NotImplementedError


def remove_invitee(request, *args, **kwargs):
    raise NotImplementedError


def resend_invitation(request, *args, **kwargs):
    raise NotImplementedError

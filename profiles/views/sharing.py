"""Being written: every function here is replaced by its real view before this lands."""


def links(request, *args, **kwargs):
    raise NotImplementedError


def revoke(request, *args, **kwargs):
    raise NotImplementedError


def shared(request, *args, **kwargs):
    raise NotImplementedError


def shared_pdf(request, *args, **kwargs):
    raise NotImplementedError


def shared_photo(request, *args, **kwargs):
    raise NotImplementedError


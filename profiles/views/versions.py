"""Being written: every function here is replaced by its real view before this lands."""


def versions(request, *args, **kwargs):
    raise NotImplementedError


def compare(request, *args, **kwargs):
    raise NotImplementedError


def version(request, *args, **kwargs):
    raise NotImplementedError


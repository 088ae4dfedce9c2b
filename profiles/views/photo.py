"""Being written: every function here is replaced by its real view before this lands."""


def change(request, *args, **kwargs):
    raise NotImplementedError


def image(request, *args, **kwargs):
    raise NotImplementedError


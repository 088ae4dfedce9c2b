"""Being written: every function here is replaced by its real view before this lands."""


def pdf(request, *args, **kwargs):
    raise NotImplementedError


def printable(request, *args, **kwargs):
    raise NotImplementedError


def docx(request, *args, **kwargs):
    raise NotImplementedError


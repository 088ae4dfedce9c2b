"""Being written: every function here is replaced by its real view before this lands."""


def workspace(request, *args, **kwargs):
    raise NotImplementedError


def add_statement(request, *args, **kwargs):
    raise NotImplementedError


def change_statement(request, *args, **kwargs):
    raise NotImplementedError


def remove_statement(request, *args, **kwargs):
    raise NotImplementedError


def move_statement(request, *args, **kwargs):
    raise NotImplementedError


def suggest(request, *args, **kwargs):
    raise NotImplementedError


def decide_suggestion(request, *args, **kwargs):
    raise NotImplementedError


def withdraw_suggestion(request, *args, **kwargs):
    raise NotImplementedError


def publish(request, *args, **kwargs):
    raise NotImplementedError


#!/usr/bin/env python
"""Django's command-line utility for OurPlan."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
    if sys.argv[1:2] == ["makemigrations"]:
        # Writing migrations is only ever done on a developer's computer, and the models do not
        # depend on the mode, so it needs no production secrets. Every other command (migrate,
        # collectstatic, check --deploy, the server) keeps production mode unless OURPLAN_DEV is set.
        os.environ.setdefault("OURPLAN_DEV", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

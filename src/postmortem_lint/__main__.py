import sys

from postmortem_lint.cli import main

sys.exit(main())

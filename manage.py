#!/usr/bin/env python
import sys

from jianfu.cli import main

if __name__ == "__main__":
    sys.exit(main())

# The two commands: `make run` (the platform with demo data, on SQLite) and `make test` (every test).
.PHONY: run test install lint

run:
	scripts/run.sh

# `make test ARGS="tests/x.py -n 0"` passes pytest arguments on.
test:
	scripts/test.sh $(ARGS)

install:
	scripts/bootstrap.sh --dev

lint: install
	.venv/bin/ruff check .

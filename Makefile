# The two commands: `make run` (the platform with demo data, on SQLite) and `make test` (every test).
.PHONY: run test install lint

run:
	scripts/run.sh

test:
	scripts/test.sh

install:
	scripts/bootstrap.sh --dev

lint: install
	.venv/bin/ruff check .

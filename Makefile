# The front door is ./dev; these targets call it.
.PHONY: run test bench fmt lint messages

run:
	./dev run

test:
	./dev test

bench:
	./dev bench

fmt:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

messages:
	.venv/bin/python scripts/messages.py

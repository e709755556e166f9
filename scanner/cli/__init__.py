"""Click commands only: parse flags, call the library, map errors to exit codes."""

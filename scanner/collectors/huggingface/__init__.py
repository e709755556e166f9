"""Hugging Face Hub collector (`mlgov scan --source huggingface`); needs the `mlgov[huggingface]` extra."""

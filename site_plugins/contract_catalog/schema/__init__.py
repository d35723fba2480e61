"""Payload schemas: files and `$ref`s, field rows, shared definitions, examples, checks, compatibility,
the field index."""

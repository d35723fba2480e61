"""Pages and fragments from Jinja templates (autoescaped), the field table, word breaks, output formats."""

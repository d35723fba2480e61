"""Pages and fragments from Jinja templates (autoescaped), the payload field table, word breaks, output formats."""

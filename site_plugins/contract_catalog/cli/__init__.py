"""The `contracts` command: `check` and `diff` of a contracts tree without building the site."""

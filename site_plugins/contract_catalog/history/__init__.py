"""What changed between revisions of the contracts tree:
registry and schema diffs, git history, the diff report."""

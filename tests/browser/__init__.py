"""End-to-end tests of the built catalog in Chromium."""

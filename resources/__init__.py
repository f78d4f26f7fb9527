"""Packaged resources: Word templates, icons, style sheets and the seed Project Plan."""

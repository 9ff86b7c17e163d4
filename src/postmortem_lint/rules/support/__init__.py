"""Helpers that one family of rules shares (action items, section content, themes, the timeline
and wording); the rules themselves are the modules one level up."""

"""Articles: leaders' and everyone's long-form posts, their blogs, Atom feeds."""

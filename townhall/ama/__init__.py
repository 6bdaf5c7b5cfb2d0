"""Ask-me-anything sessions: questions, votes, answers in place."""

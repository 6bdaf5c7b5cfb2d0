"""Posts that are questions; accepted answers; unanswered lists."""

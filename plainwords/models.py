"""Plain words: professional jargon and acronyms, and the plain alternatives OurPlan offers."""

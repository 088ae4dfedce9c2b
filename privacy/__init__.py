"""The person's rights over what OurPlan holds about them: subject access (everything held, as one download)."""

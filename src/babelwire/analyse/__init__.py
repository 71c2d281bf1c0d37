"""Analyse: language, entities, facts and embedding of one document."""

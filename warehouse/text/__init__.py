"""Figures from narrative releases: press releases and articles in Vietnamese, read into the warehouse's facts."""

"""Screening: a non-diagnostic referral questionnaire for chronic pain."""

__version__ = "0.1.0"

"""The fixed ids for areas, sentiments and channels: contracts other tools depend on."""

from typing import Final, Literal, get_args

Area = Literal[
    "digital_services",
    "waiting_time",
    "caseworker_service",
    "municipal_services",
    "overall_experience",
]
Sentiment = Literal["negative", "skeptical", "positive"]
Channel = Literal["phone", "email", "chat", "web", "visit"]

AREAS: Final[tuple[str, ...]] = get_args(Area)
SENTIMENTS: Final[tuple[str, ...]] = get_args(Sentiment)
CHANNELS: Final[tuple[str, ...]] = get_args(Channel)

# The municipality value that stands for the whole country in snapshots and alerts.
NATIONAL: Final = "all"

AREA_NAMES_SV: Final[dict[str, str]] = {
    "digital_services": "Digitala tjänster",
    "waiting_time": "Väntetid",
    "caseworker_service": "Handläggarens service",
    "municipal_services": "Kommunala tjänster",
    "overall_experience": "Upplevelse",
}
SENTIMENT_NAMES_SV: Final[dict[str, str]] = {
    "negative": "negativ",
    "skeptical": "skeptisk",
    "positive": "positiv",
}

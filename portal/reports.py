"""What an import or a demo load did: counts, and each bad row or event with its reason."""
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Counts, and each bad row or event as a tuple ending in the reason ((line, reason) or (uid, line, reason)).

    Shared by the places and events importers (services) and the demo loaders
    (portal.demo), so every command reports the same outcome in the same words.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + len(self.errors)

    rows = events = total  # read naturally where rows or events are counted

"""The community board's data (see docs/decisions/0007-community-board.md).

board.py: Thread, Post, PostRevision, PostImage — what members write.
moderation.py: Report, ModerationAction — what readers flag and moderators do.
extras.py: ThreadSubscription, MachineTranslation — mail and translation state.
"""
from community.models.board import Post, PostImage, PostRevision, Thread
from community.models.extras import MachineTranslation, ThreadSubscription
from community.models.moderation import ModerationAction, Report

__all__ = [
    "Thread", "Post", "PostRevision", "PostImage", "Report", "ModerationAction", "ThreadSubscription",
    "MachineTranslation",
]

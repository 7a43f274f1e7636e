"""The service catalogue's vocabulary (国家政务服务事项目录): kinds of item and of case."""

from __future__ import annotations

from enum import Enum


class ItemKind(str, Enum):
    LICENSING = "licensing"  # 行政许可
    CONFIRMATION = "confirmation"  # 行政确认
    PUBLIC_SERVICE = "public_service"  # 公共服务
    INTERNAL = "internal"  # 内部审批
    OTHER = "other"  # 其他


class CaseType(str, Enum):
    ON_THE_SPOT = "on_the_spot"  # 即办件 (national code 1)
    PROMISED = "promised"  # 承诺件 (national code 2)

"""What the storage wrote under a media folder."""

from pathlib import Path


def files_under(root) -> set[str]:
    root = Path(root)
    return (
        {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )

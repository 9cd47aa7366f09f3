"""``manage.py import_components PATH``: import the component inventory from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from tqdm import tqdm

from cityloop.assets.importing import do_import_components
from cityloop.assets.reading import FILE_FORMATS, format_from_name
from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected

PHASES = ("校验", "写入")


class RawStream:
    """Lets tqdm draw on a command's stderr without the newline and colour Django adds to each write."""

    def __init__(self, wrapper: OutputWrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, style_func=lambda message: message, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


class PhaseBars:
    """A tqdm bar per import phase on stderr; each phase begins with ``progress(0, total)``."""

    def __init__(self, stream: Any, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.phase = -1
        self.bar: tqdm[Any] | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if done == 0 or self.bar is None:
            self.close()
            self.phase += 1
            label = PHASES[min(self.phase, len(PHASES) - 1)]
            self.bar = tqdm(total=total, desc=label, unit="行", file=self.stream, leave=True)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "导入部件普查数据（CSV、XLSX 或 GeoJSON）。有任何问题时列出全部问题，不写入任何数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="要导入的文件")
        parser.add_argument("--format", choices=FILE_FORMATS, help="文件格式；默认按扩展名判断")
        parser.add_argument("--scheme", help="分类方案代码；默认为默认方案")
        parser.add_argument("--upsert", action="store_true", help="已存在的部件标识码更新该部件，而不是报错")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        file_format = options["format"] or format_from_name(path.name)
        if file_format is None:
            raise CommandError(
                f"无法从文件名“{path.name}”判断格式，请用 --format 指定 csv、xlsx 或 geojson。"
            )
        bars = PhaseBars(RawStream(self.stderr), enabled=not options["no_progress"])
        try:
            summary = do_import_components(
                path,
                file_format,
                scheme=options["scheme"],
                mode="upsert" if options["upsert"] else "create",
                progress=bars,
            )
        except ImportRejected as rejected:
            bars.close()
            self.stderr.write(rejected.report.as_text())
            raise CommandError(rejected.message) from None
        except DomainError as error:
            bars.close()
            raise CommandError(f"{error.message}（{error.code}）") from None
        bars.close()
        self.stdout.write(self.style.SUCCESS(str(summary)))

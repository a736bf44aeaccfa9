"""The structure rules' shared walk (walk.py): which hooks it calls, in which order, and where it does not go."""

from __future__ import annotations

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.github_actions.walk import WorkflowVisitor, walk

WORKFLOW = """on:
  push:
    branches: [main]
  schedule:
    - cron: "0 4 * * *"
    - not a mapping
  workflow_call:
    inputs:
      level: {type: string}
    secrets: ~
permissions: read-all
concurrency: ci
env: {A: 1}
jobs:
  build:
    runs-on: ubuntu-latest
    container: node:20
    services:
      db: {image: postgres}
    steps:
      - id: one
        run: make
        env: {B: 2}
      - just a string
  broken: a string, not a job
"""


class Recorder(WorkflowVisitor):
    def __init__(self) -> None:
        self.calls: list[str] = []

    def document(self, wf):
        self.calls.append("document")

    def workflow(self, root):
        self.calls.append("workflow")

    def on(self, node):
        self.calls.append("on")

    def event(self, event, key, value):
        self.calls.append(f"event {event}")

    def schedule_entry(self, entry):
        self.calls.append(f"schedule_entry {entry.get('cron').value}")

    def event_section(self, event, section, node, config):
        self.calls.append(f"event_section {event} {section}")

    def event_entry(self, event, section, key, spec):
        self.calls.append(f"event_entry {event} {section} {key.value}")

    def permissions(self, node):
        self.calls.append(f"permissions {node.value}")

    def section(self, name, node, key):
        self.calls.append(f"section {name}")

    def defaults(self, node):
        self.calls.append("defaults")

    def env(self, node):
        self.calls.append(f"env {','.join(node.keys())}")

    def job(self, job):
        self.calls.append(f"job {job.id}" + ("" if job.node is not None else " (not a mapping)"))

    def runs_on(self, node):
        self.calls.append(f"runs_on {node.value}")

    def strategy(self, node):
        self.calls.append("strategy")

    def container(self, node, what, key):
        self.calls.append(f"container {what} {key.value}")

    def step(self, node, job):
        self.calls.append(f"step {node.get('id').value}")


def _workflow(text: str):
    doc = Document(uri="file:///w/.github/workflows/ci.yml", text=text, language="github-actions")
    return Engine(Config()).analyse(doc, use_cache=False).model


def test_the_walk_calls_the_hooks_in_document_order_and_enters_only_values_of_the_right_shape():
    recorder = Recorder()
    walk(_workflow(WORKFLOW), recorder)
    assert recorder.calls == [
        "document",
        "workflow",
        "on",
        "event push",
        "event schedule",
        "schedule_entry 0 4 * * *",  # the string entry is InvalidType's to report, not walked into
        "event workflow_call",
        "event_section workflow_call inputs",  # secrets: ~ is not visited
        "event_entry workflow_call inputs level",
        "permissions read-all",
        "section concurrency",
        "env A",
        "job build",
        "runs_on ubuntu-latest",
        "container container container",
        "container service db",
        "step one",
        "env B",  # the step's env, after the step
        "job broken (not a mapping)",  # its id is still checked; nothing inside is walked
    ]


def test_action_metadata_gets_only_the_document_hook():
    recorder = Recorder()
    doc = Document(uri="file:///w/action.yml", text="name: x\nruns:\n  using: node20\n  main: index.js\n")
    doc.language = "github-actions"
    wf = Engine(Config()).analyse(doc, use_cache=False).model
    assert wf.kind == "action"
    walk(wf, recorder)
    assert recorder.calls == ["document"]

"""Package-manager commands: subcommands, options (combined, with values), packages."""

from __future__ import annotations

import pytest

from infragenius.languages.shell import package_commands, parse_script, remote_scripts


def one(text):
    found = list(package_commands(parse_script(text).commands))
    assert len(found) == 1, found
    return found[0]


def summary(pc):
    return pc.manager, pc.action, [(o.name, o.value) for o in pc.options], [w.value for w in pc.packages]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "apt-get install -qy --no-install-recommends -t bookworm-backports -o Dpkg::Options::=--force-confold curl ./x.deb",
            (
                "apt-get",
                "install",
                [
                    ("-q", None),
                    ("-y", None),
                    ("--no-install-recommends", None),
                    ("-t", "bookworm-backports"),
                    ("-o", "Dpkg::Options::=--force-confold"),
                ],
                ["curl"],
            ),
        ),
        ("apt-get -q=2 install vim", ("apt-get", "install", [("-q", "2")], ["vim"])),
        (
            "apk add --no-cache --virtual .build-deps gcc musl-dev=1.2",
            ("apk", "install", [("--no-cache", None), ("--virtual", ".build-deps")], ["gcc", "musl-dev=1.2"]),
        ),
        (
            "yum -y --setopt=tsflags=nodocs install httpd",
            ("yum", "install", [("-y", None), ("--setopt", "tsflags=nodocs")], ["httpd"]),
        ),
        ("dnf in -y nginx", ("dnf", "install", [("-y", None)], ["nginx"])),
        ("microdnf install -y nginx", ("microdnf", "install", [("-y", None)], ["nginx"])),
        (
            "zypper -n in -t pattern devel_basis",
            ("zypper", "install", [("-n", None), ("-t", "pattern")], ["devel_basis"]),
        ),
        (
            "pip install -r requirements.txt --index-url https://x/simple -e . -t /opt requests",
            (
                "pip",
                "install",
                [("-r", "requirements.txt"), ("--index-url", "https://x/simple"), ("-e", "."), ("-t", "/opt")],
                ["requests"],
            ),
        ),
        ("python3.12 -m pip install --user flask", ("pip", "install", [("--user", None)], ["flask"])),
        ("pip3 install .", ("pip", "install", [], [])),
        (
            "npm i -g --prefix /usr/local typescript@5",
            ("npm", "install", [("-g", None), ("--prefix", "/usr/local")], ["typescript@5"]),
        ),
        ("npm ci", ("npm", "ci", [], [])),
        ("yarn global add left-pad", ("yarn", "add", [], ["left-pad"])),
        ("yarn --frozen-lockfile", ("yarn", "install", [("--frozen-lockfile", None)], [])),
        ("gem install bundler -v 2.5", ("gem", "install", [("-v", "2.5")], ["bundler"])),
        (
            "go install -ldflags '-s -w' -tags=netgo example.com/x/cmd@v1",
            ("go", "install", [("-ldflags", "-s -w"), ("-tags", "netgo")], ["example.com/x/cmd@v1"]),
        ),
    ],
)
def test_package_commands(text, expected):
    assert summary(one(text)) == expected


def test_package_words_keep_positions():
    text = "apt-get install -y curl"
    pc = one(text)
    word = pc.packages[0]
    assert text[word.start : word.end] == "curl"
    assert text[: pc.insert_offset] == "apt-get install"


def test_bare_expansions_make_the_command_opaque():
    assert one("apt-get install $APT_OPTS curl").opaque
    assert not one('apt-get install "$PKG"').opaque


def test_not_a_package_manager():
    assert list(package_commands(parse_script("python3 -m venv /v; echo apt-get; pipx install x").commands)) == []


@pytest.mark.parametrize(
    "text,spans",
    [
        ("curl -fsSL https://x/i.sh | sh", ["curl -fsSL https://x/i.sh | sh"]),
        ("wget -qO- https://x/i.sh | tee log | sudo bash -s -- -y", ["wget -qO- https://x/i.sh | tee log | sudo bash"]),
        ('sh -c "$(curl -fsSL https://x/i.sh)"', ['sh -c "$(curl -fsSL https://x/i.sh)"']),
        ("bash <(curl -s https://x/i.sh)", ["bash <(curl -s https://x/i.sh)"]),
        ("curl -fsSL https://x/a.tgz | tar xz", []),
        ("curl -fsSLO https://x/i.sh | sh", []),
        ("curl -o i.sh https://x/i.sh && sh i.sh", []),
        ("wget https://x/i.sh | sh", []),
        ("curl https://x/data | sh -c 'cat > f'", []),
        ("curl https://x/p.py | python3 -", ["curl https://x/p.py | python3"]),
    ],
)
def test_remote_scripts(text, spans):
    assert [text[s:e] for s, e in remote_scripts(parse_script(text))] == spans

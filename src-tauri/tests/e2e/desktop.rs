//! The desktop the app runs on in the tests: a private D-Bus session
//! (`dbus-run-session` with a bus of its own, no activatable services), an
//! Xvfb display, and tauri-driver in front of WebKitWebDriver.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INSIDE: &str = "DOWNBEAT_E2E_PRIVATE_SESSION";

/// A session bus with nothing on it but what the test and the app put there:
/// no portals or accessibility services are started behind our back.
const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// Run the named test again inside `dbus-run-session`, unless this already
/// is that run. Returns whether the caller is inside and should go on; the
/// outer run fails if the inner one fails twice.
pub fn enter_private_session(test: &str) -> bool {
    enter(test, false)
}

/// The same in a network namespace of its own, where only loopback exists:
/// for a run whose config the test does not write (the first run), so that
/// the app's default "is it me?" anchors and a picked catalog service cannot
/// reach beyond this machine.
pub fn enter_private_offline_session(test: &str) -> bool {
    enter(test, true)
}

fn enter(test: &str, offline: bool) -> bool {
    if std::env::var_os(INSIDE).is_some() {
        return true;
    }
    for tool in ["dbus-run-session", "Xvfb", "WebKitWebDriver"] {
        assert!(
            find_tool(tool).is_some(),
            "{tool} is missing: run scripts/install-deps"
        );
    }
    assert!(
        find_tool("tauri-driver").is_some(),
        "tauri-driver is missing: run scripts/install-deps"
    );
    // The name must be the test's own: a name that matches no test would
    // run nothing inside and pass.
    let exe = std::env::current_exe().expect("the test binary");
    let listed = Command::new(&exe)
        .args([test, "--exact", "--list"])
        .output()
        .expect("list the tests");
    assert!(
        String::from_utf8_lossy(&listed.stdout).contains(&format!("{test}: test")),
        "enter_private_session({test:?}) names no test"
    );
    // A whole desktop (Xvfb, D-Bus, WebKit, WebDriver) has moving parts that
    // now and then fail to start on a loaded machine. One fresh second
    // session is allowed, said loudly; a real bug fails both.
    if offline {
        assert!(
            find_tool("unshare").is_some() && find_tool("ip").is_some(),
            "unshare or ip is missing: run scripts/install-deps test"
        );
    }
    for attempt in 1..=2 {
        if run_private_session(test, offline) {
            if attempt > 1 {
                eprintln!("warning: {test} passed on its second private session; the first failed (see above)");
            }
            return false;
        }
        eprintln!("warning: {test} failed in private session {attempt} of 2");
    }
    panic!("{test} failed inside its private desktop session, twice (see above)");
}

/// One run of `test` in a new private session; whether it passed.
fn run_private_session(test: &str, offline: bool) -> bool {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = dir.path().join("session.conf");
    std::fs::write(&config, BUS_CONFIG).expect("write the bus config");
    // Files the app writes for the panel (its tray icons) go to the runtime
    // dir; a private one keeps parallel sessions from overwriting each other's.
    let runtime_dir = dir.path().join("runtime");
    std::fs::create_dir(&runtime_dir).expect("runtime dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime_dir, std::fs::Permissions::from_mode(0o700))
            .expect("runtime dir mode");
    }
    // A private home too: the app writes its login item (autostart entry)
    // under $HOME, and a test must never add or remove the developer's own.
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("home dir");
    let exe = std::env::current_exe().expect("the test binary");
    let mut command = if offline {
        // A new network namespace has a loopback interface, down: bring it
        // up, then run the session in it. Root needs no user namespace.
        let mut command = Command::new("unshare");
        if !is_root() {
            command.arg("--map-root-user");
        }
        command.args([
            "--net",
            "--",
            "sh",
            "-c",
            "ip link set lo up && exec \"$@\"",
            "sh",
            "dbus-run-session",
        ]);
        command
    } else {
        Command::new("dbus-run-session")
    };
    command
        .arg(format!("--config-file={}", config.display()))
        .arg("--")
        .arg(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1")
        .env("XDG_RUNTIME_DIR", &runtime_dir)
        .env("TMPDIR", &runtime_dir)
        .env("HOME", &home)
        .env_remove("XDG_CONFIG_HOME")
        .envs(cargo_home().map(|cargo| ("CARGO_HOME", cargo)))
        .status()
        .expect("run dbus-run-session")
        .success()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// A program on PATH or, for tauri-driver, in cargo's bin directory.
pub fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let cargo_bin = cargo_home().map(|cargo| cargo.join("bin"));
    std::env::split_paths(&path)
        .chain(cargo_bin)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Where cargo installs tools (tauri-driver), kept when HOME is replaced.
fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
}

/// A child process killed when dropped.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        // A polite signal first: tauri-driver stops WebKitWebDriver on SIGTERM
        // but would orphan it on SIGKILL.
        if !matches!(self.0.try_wait(), Ok(None)) {
            return;
        }
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && matches!(self.0.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An Xvfb server on a free display.
pub struct Display {
    pub name: String,
    _server: Process,
}

impl Display {
    pub fn start() -> Display {
        for number in 90..190 {
            if Path::new(&format!("/tmp/.X{number}-lock")).exists() {
                continue;
            }
            let name = format!(":{number}");
            let Ok(child) = Command::new("Xvfb")
                .args([&name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
            else {
                continue;
            };
            let mut server = Process(child);
            let socket = format!("/tmp/.X11-unix/X{number}");
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if matches!(server.0.try_wait(), Ok(Some(_))) {
                    break; // display taken meanwhile: try the next one
                }
                if Path::new(&socket).exists() {
                    return Display {
                        name,
                        _server: server,
                    };
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("no free X display for Xvfb");
    }
}

/// The environment every desktop program of the test gets.
pub fn desktop_env(command: &mut Command, display: &Display) {
    command
        .env("PATH", path_with_browser_stand_in())
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env("NO_AT_BRIDGE", "1")
        .env("GTK_A11Y", "none")
        .env("DOWNBEAT_LOG", "warn,downbeat=debug");
}

/// tauri-driver on a free port, with WebKitWebDriver behind it.
pub struct TauriDriver {
    pub port: u16,
    _process: Process,
}

impl TauriDriver {
    pub fn start(display: &Display) -> TauriDriver {
        let (port, native_port) = (free_port(), free_port());
        let driver = find_tool("tauri-driver").expect("tauri-driver");
        let mut command = Command::new(driver);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdout(Stdio::null());
        desktop_env(&mut command, display);
        let process = Process(command.spawn().expect("start tauri-driver"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        TauriDriver {
            port,
            _process: process,
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// What the stand-in browser was asked to open, one URL a line (see
/// [`path_with_browser_stand_in`]).
pub fn opened_links() -> Vec<String> {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(|dir| PathBuf::from(dir).join("opened-links"))
        .and_then(|file| std::fs::read_to_string(file).ok())
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// PATH with a stand-in `xdg-open` first: the opener plugin runs it on Linux
/// to open a link in the default browser, and the stand-in only writes the
/// URL down, so a test can see what the app asked for without a browser.
fn path_with_browser_stand_in() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let Some(runtime) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) else {
        return path;
    };
    let bin = runtime.join("stand-in-bin");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
        runtime.join("opened-links").display()
    );
    let written =
        std::fs::create_dir_all(&bin).and_then(|()| std::fs::write(bin.join("xdg-open"), script));
    #[cfg(unix)]
    let written = written.and_then(|()| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join("xdg-open"), std::fs::Permissions::from_mode(0o755))
    });
    written.expect("the stand-in xdg-open");
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path))).expect("PATH")
}

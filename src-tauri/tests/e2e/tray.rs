//! The panel's side of the tray: a StatusNotifierWatcher on the private
//! session bus, as a desktop panel runs. The app's tray icon registers with
//! it; the test then reads the icon and the menu the way a panel does
//! (StatusNotifierItem properties, com.canonical.dbusmenu) and clicks items.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use zbus::zvariant::{OwnedValue, Structure, Value};
use zbus::Connection;

#[derive(Clone, Default)]
pub struct Watcher {
    /// (bus name, object path) of each registered item.
    items: Arc<Mutex<Vec<(String, String)>>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(
        &self,
        service: String,
        #[zbus(header)] header: zbus::message::Header<'_>,
    ) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        // Items send either their object path or their bus name.
        let item = if service.starts_with('/') {
            (sender, service)
        } else {
            (service, "/StatusNotifierItem".to_owned())
        };
        if let Ok(mut items) = self.items.lock() {
            items.push(item);
        }
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items
            .lock()
            .map(|items| items.iter().map(|(name, _)| name.clone()).collect())
            .unwrap_or_default()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

pub struct Panel {
    watcher: Watcher,
    connection: Connection,
}

/// One entry of a tray menu.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i32,
    pub label: String,
    /// A check item's tick (dbusmenu `toggle-state`); `None` for others.
    pub checked: Option<bool>,
    /// Whether it can be clicked (dbusmenu `enabled`, true when left out).
    pub enabled: bool,
    pub children: Vec<Entry>,
}

impl Entry {
    /// The entry with this label, anywhere below.
    pub fn find(&self, label: &str) -> Option<&Entry> {
        self.children.iter().find_map(|child| {
            if child.label == label {
                Some(child)
            } else {
                child.find(label)
            }
        })
    }

    /// The entry reached through these labels, submenu by submenu.
    pub fn at(&self, path: &[&str]) -> Option<&Entry> {
        path.iter().try_fold(self, |entry, label| {
            entry.children.iter().find(|child| child.label == *label)
        })
    }

    pub fn labels(&self) -> Vec<String> {
        self.children
            .iter()
            .map(|child| child.label.clone())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

impl Panel {
    pub async fn serve() -> zbus::Result<Panel> {
        let watcher = Watcher::default();
        let connection = zbus::connection::Builder::session()?
            .name("org.kde.StatusNotifierWatcher")?
            .serve_at("/StatusNotifierWatcher", watcher.clone())?
            .build()
            .await?;
        Ok(Panel {
            watcher,
            connection,
        })
    }

    fn item(&self) -> Result<(String, String), String> {
        let items = self.watcher.items.lock().map_err(|e| e.to_string())?;
        items
            .last()
            .cloned()
            .ok_or_else(|| "no tray item registered".to_owned())
    }

    async fn item_property(&self, name: &str) -> Result<OwnedValue, String> {
        let (bus, path) = self.item()?;
        let proxy = zbus::Proxy::new(&self.connection, bus, path, "org.kde.StatusNotifierItem")
            .await
            .map_err(|e| e.to_string())?;
        proxy
            .get_property::<OwnedValue>(name)
            .await
            .map_err(|e| e.to_string())
    }

    /// The item's `Title`: what panels and screen readers call it.
    pub async fn title(&self) -> Result<String, String> {
        let value = self.item_property("Title").await?;
        String::try_from(value).map_err(|e| e.to_string())
    }

    async fn menu_proxy(&self) -> Result<zbus::Proxy<'static>, String> {
        let (bus, _) = self.item()?;
        let menu = self.item_property("Menu").await?;
        let path = zbus::zvariant::OwnedObjectPath::try_from(menu).map_err(|e| e.to_string())?;
        zbus::Proxy::new(&self.connection, bus, path, "com.canonical.dbusmenu")
            .await
            .map_err(|e| e.to_string())
    }

    /// The whole menu, as the panel would draw it.
    pub async fn menu(&self) -> Result<Entry, String> {
        let proxy = self.menu_proxy().await?;
        let reply = proxy
            .call_method("GetLayout", &(0i32, -1i32, Vec::<String>::new()))
            .await
            .map_err(|e| e.to_string())?;
        // (revision, layout), read dynamically: the layout is recursive.
        let body = reply.body();
        let body: Structure = body.deserialize().map_err(|e| e.to_string())?;
        let layout = body.fields().get(1).ok_or("GetLayout: no layout")?;
        entry(layout)
    }

    /// Click a menu entry, as the user does in the panel.
    pub async fn click(&self, label: &str) -> Result<(), String> {
        let menu = self.menu().await?;
        let id = menu
            .find(label)
            .ok_or(format!("no {label:?} in {:?}", menu.labels()))?
            .id;
        let proxy = self.menu_proxy().await?;
        proxy
            .call_method("Event", &(id, "clicked", Value::from(0i32), 0u32))
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// Click the entry reached through these labels, submenu by submenu
    /// (labels repeat across services' submenus). The app rebuilds its menu
    /// when its picture changes: an id read just before is then stale, and
    /// the click is tried again on the new menu.
    pub async fn click_path(&self, path: &[&str]) -> Result<(), String> {
        let mut tries = 0;
        loop {
            match self.click_path_once(path).await {
                Err(error) if error.contains("does not refer to a menu item") && tries < 5 => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                done => return done,
            }
        }
    }

    async fn click_path_once(&self, path: &[&str]) -> Result<(), String> {
        let menu = self.menu().await?;
        let mut entry = &menu;
        for label in path {
            entry = entry
                .children
                .iter()
                .find(|child| child.label == *label)
                .ok_or(format!("no {label:?} in {:?}", entry.labels()))?;
        }
        let proxy = self.menu_proxy().await?;
        proxy
            .call_method("Event", &(entry.id, "clicked", Value::from(0i32), 0u32))
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// The icon's file as the panel would load it.
    pub async fn icon_file(&self) -> Result<std::path::PathBuf, String> {
        let name =
            String::try_from(self.item_property("IconName").await?).map_err(|e| e.to_string())?;
        let theme = self
            .item_property("IconThemePath")
            .await
            .ok()
            .and_then(|v| String::try_from(v).ok())
            .unwrap_or_default();
        [
            std::path::PathBuf::from(&name),
            std::path::PathBuf::from(format!("{name}.png")),
            std::path::Path::new(&theme).join(format!("{name}.png")),
        ]
        .into_iter()
        .find(|path| path.is_file())
        .ok_or(format!("no icon file for {name:?} (theme path {theme:?})"))
    }
}

fn entry(value: &Value<'_>) -> Result<Entry, String> {
    let Value::Structure(structure) = value else {
        return Err(format!("not a menu entry: {value:?}"));
    };
    let [Value::I32(id), Value::Dict(properties), Value::Array(children)] = structure.fields()
    else {
        return Err(format!("unexpected menu entry: {structure:?}"));
    };
    let properties: HashMap<String, OwnedValue> =
        HashMap::try_from(properties.try_clone().map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let label = properties
        .get("label")
        .and_then(|v| String::try_from(v.try_clone().ok()?).ok())
        .unwrap_or_default()
        .replace('_', "");
    let checked = properties
        .get("toggle-state")
        .and_then(|v| i32::try_from(v.try_clone().ok()?).ok())
        .map(|state| state == 1);
    let enabled = properties
        .get("enabled")
        .and_then(|v| bool::try_from(v.try_clone().ok()?).ok())
        .unwrap_or(true);
    let children = children
        .iter()
        .map(|child| match child {
            Value::Value(inner) => entry(inner),
            other => entry(other),
        })
        .collect::<Result<_, _>>()?;
    Ok(Entry {
        id: *id,
        label,
        checked,
        enabled,
        children,
    })
}

/// Which of the tray's four colours the icon shows.
pub fn icon_colour(png_file: &std::path::Path) -> Result<&'static str, String> {
    let file = std::fs::File::open(png_file).map_err(|e| e.to_string())?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut pixels = vec![0; reader.output_buffer_size().ok_or("icon too large")?];
    let info = reader.next_frame(&mut pixels).map_err(|e| e.to_string())?;
    if info.color_type != png::ColorType::Rgba {
        return Err(format!("unexpected icon format {:?}", info.color_type));
    }
    // The same colours scripts/gen-icons paints with.
    let colours: [(&str, [u8; 3]); 4] = [
        ("green", [0x2f, 0x9e, 0x44]),
        ("amber", [0xf0, 0x8c, 0x00]),
        ("red", [0xe0, 0x31, 0x31]),
        ("grey", [0x86, 0x8e, 0x96]),
    ];
    let mut votes = [0usize; 4];
    for pixel in pixels[..info.buffer_size()]
        .chunks_exact(4)
        .filter(|p| p[3] > 200)
    {
        for (index, (_, rgb)) in colours.iter().enumerate() {
            if rgb.iter().zip(pixel).all(|(a, b)| a.abs_diff(*b) < 24) {
                votes[index] += 1;
            }
        }
    }
    let (best, count) = votes
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .unwrap_or((0, &0));
    if *count == 0 {
        return Err("no state colour in the icon".into());
    }
    Ok(colours[best].0)
}

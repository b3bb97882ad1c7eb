//! Looking at the X display as a user would: which top-level windows are on
//! screen, and closing one the way a window manager does when its × is
//! clicked (a WM_DELETE_WINDOW message; Xvfb runs no window manager).

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    Atom, ClientMessageEvent, ConnectionExt, EventMask, ImageFormat, MapState, Window,
};
use x11rb::rust_connection::RustConnection;

pub struct Screen {
    connection: RustConnection,
    root: Window,
}

impl Screen {
    pub fn connect(display: &str) -> Result<Screen, String> {
        let (connection, screen) = x11rb::connect(Some(display)).map_err(|e| e.to_string())?;
        let root = connection.setup().roots[screen].root;
        Ok(Screen { connection, root })
    }

    /// Mapped top-level windows with this title.
    pub fn windows_titled(&self, title: &str) -> Result<Vec<Window>, String> {
        let utf8 = self.atom("UTF8_STRING")?;
        let net_wm_name = self.atom("_NET_WM_NAME")?;
        let tree = self
            .connection
            .query_tree(self.root)
            .map_err(e)?
            .reply()
            .map_err(e)?;
        let mut found = Vec::new();
        for window in tree.children {
            let Ok(attributes) = self
                .connection
                .get_window_attributes(window)
                .map_err(e)?
                .reply()
            else {
                continue; // gone meanwhile
            };
            if attributes.map_state != MapState::VIEWABLE {
                continue;
            }
            let name = self
                .connection
                .get_property(false, window, net_wm_name, utf8, 0, 256)
                .map_err(e)?
                .reply()
                .map(|property| property.value)
                .unwrap_or_default();
            if name == title.as_bytes() {
                found.push(window);
            }
        }
        Ok(found)
    }

    /// Ask the window to close, as a window manager's close button does.
    pub fn close(&self, window: Window) -> Result<(), String> {
        let protocols = self.atom("WM_PROTOCOLS")?;
        let delete = self.atom("WM_DELETE_WINDOW")?;
        let message = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
        self.connection
            .send_event(false, window, EventMask::NO_EVENT, message)
            .map_err(e)?;
        self.connection.flush().map_err(e)
    }

    /// The whole screen as a PNG, dialogs included (a WebDriver screenshot
    /// shows the page only). Xvfb's 24-bit screen is 32 bits a pixel, BGRX.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let geometry = self
            .connection
            .get_geometry(self.root)
            .map_err(e)?
            .reply()
            .map_err(e)?;
        let (width, height) = (geometry.width, geometry.height);
        let image = self
            .connection
            .get_image(ImageFormat::Z_PIXMAP, self.root, 0, 0, width, height, !0)
            .map_err(e)?
            .reply()
            .map_err(e)?;
        let pixels = usize::from(width) * usize::from(height);
        if image.depth != 24 || image.data.len() != pixels * 4 {
            return Err(format!("unexpected screen format: depth {}", image.depth));
        }
        let rgb: Vec<u8> = image
            .data
            .chunks_exact(4)
            .flat_map(|bgrx| [bgrx[2], bgrx[1], bgrx[0]])
            .collect();
        let mut png = Vec::new();
        let mut encoder = png::Encoder::new(&mut png, u32::from(width), u32::from(height));
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&rgb))
            .map_err(e)?;
        Ok(png)
    }

    fn atom(&self, name: &str) -> Result<Atom, String> {
        Ok(self
            .connection
            .intern_atom(false, name.as_bytes())
            .map_err(e)?
            .reply()
            .map_err(e)?
            .atom)
    }
}

fn e(error: impl std::fmt::Display) -> String {
    error.to_string()
}

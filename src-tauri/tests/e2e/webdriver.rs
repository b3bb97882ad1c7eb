//! The few W3C WebDriver commands the tests need, spoken to tauri-driver.

use serde_json::{json, Value};
use std::time::Duration;

/// WebDriver's Enter and Escape keys, for `send_keys`.
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct WebDriver {
    http: reqwest::Client,
    base: String,
}

pub struct Element(String);

impl WebDriver {
    /// Start a session: tauri-driver launches `application` with `args`.
    pub async fn start(port: u16, application: &str, args: &[String]) -> Result<WebDriver, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())?;
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "tauri:options": { "application": application, "args": args }
            }}
        });
        let url = format!("http://127.0.0.1:{port}/session");
        // tauri-driver listens before WebKitWebDriver behind it does: retry a little.
        let mut attempts = 0;
        let answer = loop {
            match send(http.post(&url).json(&capabilities)).await {
                Ok(answer) => break answer,
                Err(error) if attempts < 50 && error.starts_with("WebDriver: ") => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => return Err(error),
            }
        };
        let id = answer["sessionId"]
            .as_str()
            .ok_or(format!("no session id in {answer}"))?;
        Ok(WebDriver {
            base: format!("{url}/{id}"),
            http,
        })
    }

    pub async fn find(&self, css: &str) -> Result<Element, String> {
        let answer = self
            .post("/element", json!({"using": "css selector", "value": css}))
            .await?;
        answer[ELEMENT]
            .as_str()
            .map(|id| Element(id.to_owned()))
            .ok_or(format!("no element {css}: {answer}"))
    }

    pub async fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>, String> {
        let answer = self
            .get(&format!("/element/{}/attribute/{name}", element.0))
            .await?;
        Ok(answer.as_str().map(str::to_owned))
    }

    pub async fn text(&self, element: &Element) -> Result<String, String> {
        let answer = self.get(&format!("/element/{}/text", element.0)).await?;
        Ok(answer.as_str().unwrap_or_default().to_owned())
    }

    pub async fn click(&self, element: &Element) -> Result<(), String> {
        self.post(&format!("/element/{}/click", element.0), json!({}))
            .await
            .map(drop)
    }

    /// Run `script` (a function body) in the page and return what it returns.
    pub async fn execute(&self, script: &str) -> Result<Value, String> {
        self.post("/execute/sync", json!({"script": script, "args": []}))
            .await
    }

    /// Type `keys` into `element` (WebDriver key codes such as "\u{E012}" for ←).
    pub async fn send_keys(&self, element: &Element, keys: &str) -> Result<(), String> {
        self.post(
            &format!("/element/{}/value", element.0),
            json!({"text": keys}),
        )
        .await
        .map(drop)
    }

    /// How many elements match `css` (0 when none).
    pub async fn count(&self, css: &str) -> Result<usize, String> {
        let answer = self
            .post("/elements", json!({"using": "css selector", "value": css}))
            .await?;
        Ok(answer.as_array().map_or(0, Vec::len))
    }

    /// Bring the first element matching `css` to the middle of the window:
    /// WebKitWebDriver does not scroll for a click, and refuses one below
    /// the fold ("element not interactable").
    pub async fn scroll_to(&self, css: &str) -> Result<(), String> {
        let css = serde_json::to_string(css).map_err(|e| e.to_string())?;
        self.execute(&format!(
            "document.querySelector({css}).scrollIntoView({{block: 'center'}});"
        ))
        .await
        .map(drop)
    }

    /// Resize the window (its outer size), as a person dragging its corner.
    pub async fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.post("/window/rect", json!({"width": width, "height": height}))
            .await
            .map(drop)
    }

    /// The window as a PNG.
    pub async fn screenshot(&self) -> Result<Vec<u8>, String> {
        use base64::Engine;
        let answer = self.get("/screenshot").await?;
        let encoded = answer.as_str().ok_or("no screenshot")?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| e.to_string())
    }

    pub async fn end(self) {
        let _ = send(self.http.delete(&self.base)).await;
    }

    async fn get(&self, path: &str) -> Result<Value, String> {
        send(self.http.get(format!("{}{path}", self.base))).await
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        send(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }
}

async fn send(request: reqwest::RequestBuilder) -> Result<Value, String> {
    let response = request
        .send()
        .await
        .map_err(|e| format!("WebDriver: {e}"))?;
    let status = response.status();
    let body: Value = response
        .json()
        .await
        .map_err(|e| format!("WebDriver answer: {e}"))?;
    if !status.is_success() {
        return Err(format!("WebDriver {status}: {}", body["value"]));
    }
    Ok(body["value"].clone())
}

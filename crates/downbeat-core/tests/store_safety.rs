//! The database under hostile and clumsy conditions (issue 17, item 8).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::Utc;
use downbeat_core::model::Status;
use downbeat_core::store::{Store, StoreError};
use downbeat_core::testkit;

#[test]
fn one_writer_per_data_dir_and_the_second_is_told_who() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("downbeat.sqlite3");
    let first = Store::open_writer(&db, "downbeat watch", Utc::now()).unwrap();
    match Store::open_writer(&db, "Downbeat (tray)", Utc::now()) {
        Err(StoreError::Locked { holder, .. }) => {
            assert!(holder.contains("downbeat watch"), "{holder}");
            assert!(holder.contains(&std::process::id().to_string()), "{holder}");
        }
        Err(other) => panic!("expected Locked, got {other}"),
        Ok(_) => panic!("two writers"),
    }
    // Readers still read.
    assert!(Store::open_read_only(&db)
        .unwrap()
        .states()
        .unwrap()
        .is_empty());
    drop(first);
    Store::open_writer(&db, "Downbeat (tray)", Utc::now()).expect("free again");
}

#[test]
fn readers_never_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("downbeat.sqlite3");
    // Not created by a reader.
    assert!(Store::open_read_only(&db).is_err());
    assert!(!db.exists());
    {
        let mut store = Store::open(&db).unwrap();
        testkit::record_change(
            &mut store,
            "acme",
            Utc::now(),
            None,
            Status::MajorOutage,
            "down",
        );
    }
    // An older schema is not migrated by a reader.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    match Store::open_read_only(&db) {
        Err(StoreError::TooOld { found: 2, .. }) => {}
        Err(other) => panic!("expected TooOld, got {other}"),
        Ok(_) => panic!("an old schema was read as new"),
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the file was rewritten"
    );
}

#[test]
fn a_corrupt_database_is_moved_aside_and_a_fresh_one_started() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("downbeat.sqlite3");
    {
        let mut store = Store::open(&db).unwrap();
        for n in 0..300 {
            let at = Utc::now() - chrono::Duration::minutes(n);
            testkit::record_change(
                &mut store,
                &format!("s{n}"),
                at,
                None,
                Status::MajorOutage,
                &"x".repeat(400),
            );
        }
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let length = std::fs::metadata(&db).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.set_len(length / 2).unwrap();
    drop(file);

    let store = Store::open_writer(&db, "test", Utc::now()).expect("a fresh start");
    let recovered = store.recovered().expect("the loss is said");
    assert!(recovered.moved_to.exists());
    assert!(recovered.moved_to.to_string_lossy().contains(".corrupt-"));
    assert!(store.states().unwrap().is_empty());
    drop(store);
    // Said once: the next start has nothing to recover.
    let store = Store::open_writer(&db, "test", Utc::now()).unwrap();
    assert!(store.recovered().is_none());

    // Garbage that is no database at all.
    drop(store);
    std::fs::write(&db, vec![0x41u8; 8192]).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
    let store = Store::open_writer(&db, "test", Utc::now()).expect("a fresh start");
    assert!(store.recovered().is_some());
}

#[test]
fn two_processes_migrating_a_new_file_do_not_race() {
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("downbeat.sqlite3");
        let opened: Vec<_> = (0..8)
            .map(|_| {
                let db = db.clone();
                std::thread::spawn(move || Store::open(&db).map(|_| ()).map_err(|e| e.to_string()))
            })
            .collect();
        for handle in opened {
            handle.join().unwrap().expect("every opener succeeds");
        }
    }
}

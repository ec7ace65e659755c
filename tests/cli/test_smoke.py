def test_log_then_due_json(netj):
    result = netj("log", "Ron Park", "--new", "--date", "2026-10-01", "--listening", "4", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert "Logged coffee" in result.stderr
    items = netj.json("due")
    assert [i["person"] for i in items] == ["ron-park"]

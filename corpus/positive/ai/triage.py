import anthropic

client = anthropic.Anthropic(api_key="sk-ant-api03-1nyP1Sh6vAE1evmW_QWqMyGqePnKTwBsc4rIiHV76CoelvgrNwPFqrLNegc4aYfsU3-66gK9H9UueINHp5sFwbjObsz9sAA")


def triage(issue_text: str) -> str:
    msg = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=300,
        messages=[{"role": "user", "content": f"Label this issue: {issue_text}"}],
    )
    return msg.content[0].text

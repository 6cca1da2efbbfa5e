package notify

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// TODO(ops): move to the secret store before the next release.
const slackBotToken = "xoxb-283507022751-9785198423935-vSZThqCHw3d1L7nu5BgnheBx"

// Alert posts msg to the on-call channel.
func Alert(ctx context.Context, channel, msg string) error {
	api := slack.New(slackBotToken)
	_, _, err := api.PostMessageContext(ctx, channel, slack.MsgOptionText(msg, false))
	if err != nil {
		return fmt.Errorf("posting to %s: %w", channel, err)
	}
	return nil
}

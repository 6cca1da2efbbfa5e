import OpenAI from "openai";

const client = new OpenAI({
  apiKey: "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",
});

export async function summarize(ticket) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "Summarize the support ticket in two sentences." },
      { role: "user", content: ticket.body },
    ],
  });
  return response.choices[0].message.content;
}

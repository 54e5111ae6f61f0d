package server

// AnswerAAD is the additional data a free-text answer is sealed with, bound
// to its response and question. It lets tools outside the server (voice
// demo) store answers exactly as a submission does.
func AnswerAAD(responseID, questionID string) []byte { return answerAAD(responseID, questionID) }

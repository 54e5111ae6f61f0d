package server

// accessTranslations declares who may use each translation, upload and
// support-directory route.
var accessTranslations = map[string][]string{}

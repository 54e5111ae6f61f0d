package server

// accessSurveys declares who may use each consultation and survey route.
var accessSurveys = map[string][]string{}

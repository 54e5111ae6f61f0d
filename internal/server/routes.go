package server

import (
	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
)

// routes is the one route table. Each staff route names, on its line, the
// action it needs (model.Role.Can); object-level checks live in the domain.
func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// The client address is read only for the rate limits' keyed hash; it is
	// taken from X-Forwarded-For only when a proxy on a private or loopback
	// address sent it.
	e.IPExtractor = echo.ExtractIPFromXFFHeader()
	e.Use(s.recoverPanic, s.observe, s.securityHeaders, s.bodyLimit, s.crossOrigin)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/robots.txt", s.robots)
	e.GET("/static/:name", s.staticFile)

	// Respondent pages: no cookie, no account, language in the path.
	e.GET("/", s.negotiateLanguage)
	e.GET("/:lang", s.langRedirect)
	e.GET("/:lang/", s.landing)
	e.GET("/:lang/s/:slug", s.surveyIntro)
	e.POST("/:lang/s/:slug", s.surveyStep)
	e.GET("/:lang/c/:slug", s.channelForm)
	e.POST("/:lang/c/:slug", s.channelPost)
	e.GET("/:lang/receipt", s.receiptForm)
	e.POST("/:lang/receipt", s.receipt)

	// Staff pages.
	st := e.Group("/staff", s.staffSession)
	st.GET("/login", s.loginForm)
	st.POST("/login", s.login)
	st.GET("/setup/:token", s.setupForm)
	st.POST("/setup/:token", s.setup)
	st.POST("/logout", s.logout, s.require(model.ActionDashboard))
	st.GET("", s.dashboardRedirect)
	st.GET("/", s.dashboard, s.require(model.ActionDashboard))
	st.GET("/account", s.accountForm, s.require(model.ActionDashboard))
	st.POST("/account/language", s.accountLanguage, s.require(model.ActionDashboard))
	st.GET("/admin/users", s.staffList, s.require(model.ActionManageStaff))
	st.POST("/admin/users", s.staffCreate, s.require(model.ActionManageStaff))
	st.GET("/admin/users/:id", s.staffShow, s.require(model.ActionManageStaff))
	st.POST("/admin/users/:id/roles", s.staffRoles, s.require(model.ActionManageStaff))
	st.POST("/admin/users/:id/languages", s.staffLanguages, s.require(model.ActionManageStaff))
	st.POST("/admin/users/:id/disable", s.staffDisable, s.require(model.ActionManageStaff))
	st.POST("/admin/users/:id/enable", s.staffEnable, s.require(model.ActionManageStaff))
	st.POST("/admin/users/:id/link", s.staffLink, s.require(model.ActionManageStaff))
	st.GET("/audit", s.auditLog, s.require(model.ActionReadAudit))
	s.surveyAdminRoutes(st)      // staff_surveys*.go
	s.translationAdminRoutes(st) // staff_translations*.go, staff_support*.go
	s.channelRoutes(st)          // staff_channels*.go
	s.moderationRoutes(st)       // staff_moderation*.go
	return e
}
